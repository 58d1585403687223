# csi2017 with sin2w = 0.23865 (doc/physics.md section 8: 186.10); `show` lists the
# change, and the Standard Model reference keeps the preset's 0.2312 (178.04).
set sin2w=0.23865
show
format csv
events

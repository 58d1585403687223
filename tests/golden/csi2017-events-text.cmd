# The text report of `events`: detector (doc/physics.md section 3: 14.57 kg, 19.3 m,
# 1.17 PE/keVnr), exposure (1.76e23 POT) and totals (section 8).
events

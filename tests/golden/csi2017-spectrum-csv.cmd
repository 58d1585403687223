# The 2-PE spectrum of csi2017 from 0 to 50 PE (doc/physics.md section 8) with the
# measured points C - AC +- sqrt(C + AC) of the release (section 3); at the
# preset's defaults the Standard Model column is the same spectrum.
detector csi2017
format csv
spectrum

# future-coherent totals of the next-generation detectors (doc/physics.md section 8);
# the components are not tabulated there (@SKIP@ lines), the SM total equals the total.
format csv
detector csi
events
detector ge
events
detector nai
events
detector lar
events

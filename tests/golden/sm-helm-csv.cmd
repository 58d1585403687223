# sm-helm totals (doc/physics.md section 8) for the next-generation detectors; the
# preset is applied again after each detector switch (a new detector starts
# from its own default preset).
format csv
detector csi
preset sm-helm
events
detector ge
preset sm-helm
events
detector nai
preset sm-helm
events
detector lar
preset sm-helm
events

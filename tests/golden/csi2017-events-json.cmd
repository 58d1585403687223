# The COHERENT 2017 totals (doc/physics.md section 8) as the one JSON object of `events -f json`.
detector csi2017
format json
events

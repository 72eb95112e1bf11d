./loop_outer_local.mini:6:10: new(int) escapes to heap in f:
./loop_outer_local.mini:6:10:   flow: p ← &{storage for new(int)}:
./loop_outer_local.mini:6:10:     from new(int) (spill) at ./loop_outer_local.mini:6:10
./loop_outer_local.mini:6:10:     from p = new(int) (assign) at ./loop_outer_local.mini:6:5
./loop_outer_local.mini:6:10: new(int) escapes to heap

./closure_global.mini:7:6: func literal escapes to heap in f:
./closure_global.mini:7:6:   flow: {heap} ← &{storage for func literal}:
./closure_global.mini:7:6:     from func literal (spill) at ./closure_global.mini:7:6
./closure_global.mini:7:6:     from g = func literal (assign) at ./closure_global.mini:7:4
./closure_global.mini:6:2: f capturing by value: x (addr=false assign=false width=8)
./closure_global.mini:7:6: func literal escapes to heap

./closure_escape.mini:4:2: f capturing by value: x (addr=false assign=false width=8)
./closure_escape.mini:5:9: func literal escapes to heap in f:
./closure_escape.mini:5:9:   flow: ~r0 ← &{storage for func literal}:
./closure_escape.mini:5:9:     from func literal (spill) at ./closure_escape.mini:5:9
./closure_escape.mini:5:9:     from return func literal (return) at ./closure_escape.mini:5:2
./closure_escape.mini:5:9: func literal escapes to heap

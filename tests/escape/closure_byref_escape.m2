./closure_byref_escape.mini:4:2: f capturing by ref: x (addr=false assign=true width=8)
./closure_byref_escape.mini:5:9: func literal escapes to heap in f:
./closure_byref_escape.mini:5:9:   flow: ~r0 ← &{storage for func literal}:
./closure_byref_escape.mini:5:9:     from func literal (spill) at ./closure_byref_escape.mini:5:9
./closure_byref_escape.mini:5:9:     from return func literal (return) at ./closure_byref_escape.mini:5:2
./closure_byref_escape.mini:4:2: x escapes to heap in f:
./closure_byref_escape.mini:4:2:   flow: {storage for func literal} ← &x:
./closure_byref_escape.mini:4:2:     from x (captured by a closure) at ./closure_byref_escape.mini:6:3
./closure_byref_escape.mini:4:2:     from x (reference) at ./closure_byref_escape.mini:6:3
./closure_byref_escape.mini:4:2: moved to heap: x
./closure_byref_escape.mini:5:9: func literal escapes to heap

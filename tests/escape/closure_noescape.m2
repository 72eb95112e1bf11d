./closure_noescape.mini:4:2: f capturing by value: x (addr=false assign=false width=8)
./closure_noescape.mini:5:7: func literal does not escape

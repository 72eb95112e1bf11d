./closure_called.mini:4:2: f capturing by value: x (addr=false assign=false width=8)
./closure_called.mini:5:9: func literal does not escape

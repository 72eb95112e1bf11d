./closure_byref_local.mini:4:2: f capturing by ref: x (addr=false assign=true width=8)
./closure_byref_local.mini:5:9: func literal does not escape

./ptr_chain_escape.mini:7:2: p escapes to heap in f:
./ptr_chain_escape.mini:7:2:   flow: {heap} ← &p:
./ptr_chain_escape.mini:7:2:     from &p (address-of) at ./ptr_chain_escape.mini:8:6
./ptr_chain_escape.mini:7:2:     from g = &p (assign) at ./ptr_chain_escape.mini:8:4
./ptr_chain_escape.mini:6:2: x escapes to heap in f:
./ptr_chain_escape.mini:6:2:   flow: p ← &x:
./ptr_chain_escape.mini:6:2:     from &x (address-of) at ./ptr_chain_escape.mini:7:7
./ptr_chain_escape.mini:6:2:     from p := &x (assign) at ./ptr_chain_escape.mini:7:4
./ptr_chain_escape.mini:6:2: moved to heap: x
./ptr_chain_escape.mini:7:2: moved to heap: p

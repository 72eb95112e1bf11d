./loopvar_addr_outer.mini:5:6: i escapes to heap in f:
./loopvar_addr_outer.mini:5:6:   flow: p ← &i:
./loopvar_addr_outer.mini:5:6:     from &i (address-of) at ./loopvar_addr_outer.mini:6:7
./loopvar_addr_outer.mini:5:6:     from p = &i (assign) at ./loopvar_addr_outer.mini:6:5
./loopvar_addr_outer.mini:5:6: moved to heap: i

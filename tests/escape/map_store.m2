./map_store.mini:4:2: x escapes to heap in f:
./map_store.mini:4:2:   flow: {heap} ← &x:
./map_store.mini:4:2:     from &x (address-of) at ./map_store.mini:5:9
./map_store.mini:4:2:     from m[0] = &x (assign) at ./map_store.mini:5:7
./map_store.mini:3:8: m does not escape
./map_store.mini:4:2: moved to heap: x

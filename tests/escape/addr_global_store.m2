./addr_global_store.mini:6:2: x escapes to heap in f:
./addr_global_store.mini:6:2:   flow: {heap} ← &x:
./addr_global_store.mini:6:2:     from &x (address-of) at ./addr_global_store.mini:7:6
./addr_global_store.mini:6:2:     from g = &x (assign) at ./addr_global_store.mini:7:4
./addr_global_store.mini:6:2: moved to heap: x

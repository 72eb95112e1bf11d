./slice_store.mini:4:2: x escapes to heap in f:
./slice_store.mini:4:2:   flow: {heap} ← &x:
./slice_store.mini:4:2:     from &x (address-of) at ./slice_store.mini:5:9
./slice_store.mini:4:2:     from s[0] = &x (assign) at ./slice_store.mini:5:7
./slice_store.mini:3:8: s does not escape
./slice_store.mini:4:2: moved to heap: x

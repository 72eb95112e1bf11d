./store_through_ptr.mini:6:2: x escapes to heap in f:
./store_through_ptr.mini:6:2:   flow: {heap} ← &x:
./store_through_ptr.mini:6:2:     from &x (address-of) at ./store_through_ptr.mini:7:8
./store_through_ptr.mini:6:2:     from t.p = &x (assign) at ./store_through_ptr.mini:7:6
./store_through_ptr.mini:5:8: t does not escape
./store_through_ptr.mini:6:2: moved to heap: x

./map_store.mini:3:8: m does not escape
./map_store.mini:4:2: moved to heap: x

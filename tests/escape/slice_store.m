./slice_store.mini:3:8: s does not escape
./slice_store.mini:4:2: moved to heap: x

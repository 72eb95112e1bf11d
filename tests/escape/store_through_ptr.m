./store_through_ptr.mini:5:8: t does not escape
./store_through_ptr.mini:6:2: moved to heap: x

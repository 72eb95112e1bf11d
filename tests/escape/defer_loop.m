./defer_loop.mini:3:8: p does not escape
./defer_loop.mini:7:3: moved to heap: x

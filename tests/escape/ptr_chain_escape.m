./ptr_chain_escape.mini:6:2: moved to heap: x
./ptr_chain_escape.mini:7:2: moved to heap: p

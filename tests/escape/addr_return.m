./addr_return.mini:4:2: moved to heap: x

./addr_global_store.mini:6:2: moved to heap: x

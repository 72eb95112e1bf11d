./loopvar_addr_outer.mini:5:6: moved to heap: i

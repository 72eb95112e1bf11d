./big_array.mini:4:6: moved to heap: a

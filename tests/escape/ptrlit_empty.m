./ptrlit_empty.mini:6:9: &T{} escapes to heap

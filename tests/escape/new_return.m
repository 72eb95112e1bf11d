./new_return.mini:4:12: new(int) escapes to heap

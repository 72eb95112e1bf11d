./named_result.mini:4:2: moved to heap: x

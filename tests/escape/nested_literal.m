./nested_literal.mini:7:9: &Out{...} escapes to heap
./nested_literal.mini:7:18: &In{...} escapes to heap

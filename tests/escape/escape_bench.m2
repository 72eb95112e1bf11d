./escape_bench.mini:9:7: v does not escape
./escape_bench.mini:9:20: o does not escape
./escape_bench.mini:15:7: v does not escape
./escape_bench.mini:15:20: o does not escape
./escape_bench.mini:20:7: &Vec3{...} does not escape
./escape_bench.mini:23:13: make([]int, 8) does not escape

./recursive.mini:3:11: p does not escape

#!/usr/bin/env python3
"""Writes a Go program of about N lines (default 10,000) exercising the front end: types,
methods, closures, maps, slices, loops and switches. Usage: gen_frontend.py [LINES] > big.mini"""
import sys

def unit(i):
    return f'''
type Point{i} struct {{
	X, Y int
	Name string
}}

func (p *Point{i}) Move(dx, dy int) {{
	p.X += dx
	p.Y += dy
}}

func (p Point{i}) String() string {{
	return fmt.Sprintf("%s(%d, %d)", p.Name, p.X, p.Y)
}}

func work{i}(n int) (int, error) {{
	total := 0
	seen := map[string]int{{}}
	pts := make([]Point{i}, 0, n)
	for j := range n {{
		p := Point{i}{{X: j, Y: j * 2, Name: strconv.Itoa(j)}}
		p.Move(1, -1)
		pts = append(pts, p)
		seen[p.Name] += j
	}}
	add := func(v int) {{ total += v }}
	for _, p := range pts {{
		switch {{
		case p.X%3 == 0:
			add(p.X)
		case p.Y > 10 && p.Name != "":
			add(len(p.String()))
		default:
			add(1)
		}}
	}}
	if total < 0 {{
		return 0, errors.New("negative")
	}}
	return total + len(seen), nil
}}
'''

def main():
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    per = unit(0).count("\n")
    count = max(1, lines // per)
    out = ['package main', '', 'import (', '\t"errors"', '\t"fmt"', '\t"strconv"', ')']
    for i in range(count):
        out.append(unit(i))
    out.append('func main() {')
    out.append('\tsum := 0')
    for i in range(count):
        out.append(f'\tif v, err := work{i}(5); err == nil {{')
        out.append('\t\tsum += v')
        out.append('\t}')
    out.append('\tfmt.Println(sum)')
    out.append('}')
    print('\n'.join(out))

main()

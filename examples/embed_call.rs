//! Embedding: compile a script once and call its functions from Rust with Rust values.
//!
//! `cargo run --example embed_call`

use std::collections::HashMap;

use mini::{GoError, Program, Vm};

const SCRIPT: &str = r#"package main

import (
	"errors"
	"strings"
)

// WordCount counts the words of a text.
func WordCount(text string) map[string]int {
	counts := map[string]int{}
	for _, w := range strings.Fields(strings.ToLower(text)) {
		counts[w]++
	}
	return counts
}

// Stats returns the smallest and largest of xs.
func Stats(xs []float64) (float64, float64) {
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, hi
}

// Sqrt refuses negative numbers with an error.
func Sqrt(x float64) (float64, error) {
	if x < 0 {
		return 0, errors.New("negative input")
	}
	r := x
	for i := 0; i < 20; i++ {
		r = (r + x/r) / 2
	}
	return r, nil
}
"#;

fn main() -> Result<(), mini::Error> {
    let program = Program::compile("words.go", SCRIPT)?;
    let mut vm = Vm::new();
    vm.load(&program)?;

    let counts: HashMap<String, i64> =
        vm.call("WordCount", ("the cat and the hat".to_string(),))?;
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort();
    println!("WordCount: {counts:?}");

    let (lo, hi): (f64, f64) = vm.call("Stats", (vec![3.5, -1.0, 7.25],))?;
    println!("Stats: {lo} {hi}");

    let sqrt = vm.func::<(f64,), Result<f64, GoError>>("Sqrt")?;
    println!("Sqrt(2) = {:?}", sqrt.call(&mut vm, (2.0,))?);
    println!("Sqrt(-1) = {:?}", sqrt.call(&mut vm, (-1.0,))?);
    Ok(())
}

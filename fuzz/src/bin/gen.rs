//! Prints the program the generator writes for a seed (`gen SEED`), or compares Mini with Go
//! on many generated programs (`gen --go COUNT [FIRST_SEED]`).

fn bytes_for(seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..400)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) != Some("--go") {
        let seed = args.first().and_then(|s| s.parse().ok()).unwrap_or(1);
        print!("{}", mini_fuzz::generate(&bytes_for(seed)));
        return;
    }
    let count: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100);
    let first: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    for seed in first..first + count {
        let src = mini_fuzz::generate(&bytes_for(seed));
        let Some(outcome) = mini_fuzz::compile_and_run(&src, Some("minor,verify")) else {
            panic!("seed {seed}: a generated program did not compile:\n{src}");
        };
        mini_fuzz::compare_with_go(&src, &outcome);
        eprintln!("seed {seed}: same as Go");
    }
}

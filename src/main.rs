use clap::Parser;

fn main() {
    let cli = yusuan::cli::Cli::parse();
    let code = match yusuan::cli::run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("yusuan: {message}");
            2
        }
    };
    std::process::exit(code);
}

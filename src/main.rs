mod cmd;

// glibc malloc spent a third of import time on the many small strings that
// cross from the reading thread to the writing thread; mimalloc handles
// cross-thread frees without lock contention.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = cmd::parse();
    let code = match cmd::run(cli) {
        Ok(code) => code,
        Err(message) => {
            // A message may quote a document or the user's own text: capped, and
            // never a control character to the terminal.
            eprintln!("yusuan: {}", yusuan::text::message(&message));
            2
        }
    };
    std::process::exit(code);
}

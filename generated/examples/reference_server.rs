//! A reference server for both APIs, in memory, with the real services'
//! behaviour. `cargo run -p user-apis --example reference_server -- --addr 127.0.0.1:8080`
//!
//! Credentials: Basic `admin:admin`, `Bearer demo-token`, and for Bleemeo
//! `JWT demo-token`; anything else is answered 401. Its first line of
//! output names the address it listens on (port 0 picks a free one).

mod reference;

const DEFAULT_ADDR: &str = "127.0.0.1:8080";
const USAGE: &str = "usage: reference_server [--addr HOST:PORT]";

fn address() -> Result<std::net::SocketAddr, String> {
    let mut args = std::env::args().skip(1);
    let mut addr = DEFAULT_ADDR.to_owned();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--addr" => addr = args.next().ok_or(USAGE)?,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    addr.parse().map_err(|error| format!("--addr {addr:?}: {error}"))
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let addr = match address() {
        Ok(addr) => addr,
        Err(message) => {
            eprintln!("{message}");
            return std::process::ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("cannot listen on {addr}: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    // The bound address, so that `--addr 127.0.0.1:0` tells which free port it got.
    let addr = listener.local_addr().unwrap_or(addr);
    println!("reference server listening on http://{addr}");
    if let Err(error) = axum::serve(listener, reference::app()).await {
        eprintln!("server error: {error}");
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}

// A framework needs its data: `build` without `.data(...)` does not compile.
use accord_framework::{Context, Framework, command};

struct Data;

#[command(prefix)]
async fn ping(ctx: Context<Data>) -> Result<(), std::io::Error> {
    let _ = ctx;
    Ok(())
}

fn main() {
    let http = accord_framework::http::Client::builder().base_url("http://127.0.0.1:9").build();
    let _framework = Framework::builder().prefix("!").commands([ping()]).build(http);
}

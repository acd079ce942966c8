//! The Lambda binary as AWS runs it: a process polling the Lambda Runtime API
//! (`AWS_LAMBDA_RUNTIME_API`: GET /2018-06-01/runtime/invocation/next, then POST
//! …/invocation/<id>/response or …/invocation/<id>/error with {errorType, errorMessage}; AWS
//! Lambda Developer Guide, "Using the Lambda runtime API for custom runtimes"). The stand-in
//! below serves two trigger events and records what the function posts back.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// (path, body) of each POST the function made.
type Posted = mpsc::Sender<(String, Value)>;

/// Answers one connection's requests (hyper keeps the connection alive).
fn serve(stream: TcpStream, events: Arc<Mutex<Vec<Value>>>, posted: Posted) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut content_length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                content_length = value.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; content_length];
        reader.read_exact(&mut body).unwrap();
        let mut parts = request_line.split_whitespace();
        let (method, path) = (
            parts.next().unwrap().to_owned(),
            parts.next().unwrap().to_owned(),
        );
        if method == "GET" && path.ends_with("/runtime/invocation/next") {
            let next = events.lock().unwrap().pop();
            let Some(event) = next else {
                // No more work: leave the poll hanging until the process is stopped and the
                // connection closes.
                let _ = reader.read(&mut [0u8; 1]);
                return;
            };
            let id = format!("request-{}", events.lock().unwrap().len());
            let body = event.to_string();
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: {id}\r\nLambda-Runtime-Deadline-Ms: 9999999999999\r\nLambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:poolgate-triggers\r\nLambda-Runtime-Trace-Id: Root=1-00000000-000000000000000000000000\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            stream.write_all(head.as_bytes()).unwrap();
            stream.write_all(body.as_bytes()).unwrap();
        } else {
            let value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            posted.send((path, value)).unwrap();
            stream
                .write_all(b"HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                .unwrap();
        }
    }
}

struct Function(Child);

impl Drop for Function {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_binary_answers_cognito_events_and_reports_refusals_as_lambda_errors() {
    let mut refused = fixture("pre_sign_up");
    refused["request"]["userAttributes"]["custom:role"] = json!("admin");
    // Served last to first.
    let events = Arc::new(Mutex::new(vec![refused, fixture("pre_sign_up")]));
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let (sender, received) = mpsc::channel();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let (events, sender) = (Arc::clone(&events), sender.clone());
            thread::spawn(move || serve(stream.unwrap(), events, sender));
        }
    });

    let _function = Function(
        Command::new(env!("CARGO_BIN_EXE_poolgate-triggers"))
            .env_clear()
            .env("AWS_LAMBDA_RUNTIME_API", address.to_string())
            .env("AWS_LAMBDA_FUNCTION_NAME", "poolgate-triggers")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
            .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/poolgate-triggers")
            .env("AWS_LAMBDA_LOG_STREAM_NAME", "test")
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", "not-a-real-secret")
            .env("TRUSTED_EMAIL_DOMAINS", "example.com")
            .env("APP_URL", "https://app.example.com")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the Lambda binary starts"),
    );

    let deadline = Duration::from_secs(30);
    let (path, accepted) = received
        .recv_timeout(deadline)
        .expect("a response to the first event");
    assert_eq!(path, "/2018-06-01/runtime/invocation/request-1/response");
    assert_eq!(accepted["triggerSource"], "PreSignUp_SignUp");
    assert_eq!(
        accepted["response"]["autoConfirmUser"], true,
        "example.com is trusted"
    );
    assert_eq!(accepted["response"]["autoVerifyEmail"], true);

    let (path, error) = received
        .recv_timeout(deadline)
        .expect("an error for the second event");
    assert_eq!(path, "/2018-06-01/runtime/invocation/request-0/error");
    assert_eq!(error["errorType"], "Refused");
    assert_eq!(
        error["errorMessage"],
        triggers::sign_up::ROLE_CHOSEN_MESSAGE
    );
}

//! Requests without ceremony (`fixtures/customers.yaml`, shaped like
//! Stripe's customers): a user writes only what they set. `new` takes the
//! required fields, a setter each other one; plain Rust values go in, and
//! a constrained one is checked once, with its checked type's error. The
//! server sees exactly what was set.

use std::sync::{Arc, Mutex};
use tests::customers::client::Client;
use tests::customers::server::{router, Api};
use tests::customers::{
    Address, Customer, CustomerCreate, CustomerCreateCurrency, CustomerCreateTaxExempt, GetCustomersParams,
    GetCustomersResponse, PostCustomersResponse,
};
use tests::support::server::HandlerError;
use tests::support::Nullable;

/// Keeps what each request carried.
#[derive(Clone, Default)]
struct Shop {
    listed: Arc<Mutex<Vec<GetCustomersParams>>>,
    created: Arc<Mutex<Vec<CustomerCreate>>>,
}

fn customer(email: &str) -> Customer {
    Customer { id: "cus_1".into(), email: email.into(), name: Nullable::Absent, balance: None }
}

impl Api for Shop {
    async fn get_customers(&self, params: GetCustomersParams) -> Result<GetCustomersResponse, HandlerError> {
        self.listed.lock().unwrap().push(params);
        Ok(GetCustomersResponse::Ok(tests::customers::GetCustomersResponse200 {
            data: vec![customer("a@b.c")],
            has_more: false,
        }))
    }

    async fn post_customers(&self, body: CustomerCreate) -> Result<PostCustomersResponse, HandlerError> {
        let created = customer(body.email.as_str());
        self.created.lock().unwrap().push(body);
        Ok(PostCustomersResponse::Ok(created))
    }
}

async fn serve(shop: Shop) -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(shop)).await.unwrap() });
    Client::new(&base).unwrap()
}

#[tokio::test]
async fn a_list_call_sets_one_of_seven_optional_parameters() -> Result<(), Box<dyn std::error::Error>> {
    let shop = Shop::default();
    let client = serve(shop.clone()).await;
    client.get_customers(&GetCustomersParams::new().limit(3)?).await?;
    let listed = shop.listed.lock().unwrap().pop().unwrap();
    assert_eq!(listed.limit.map(|limit| limit.get()), Some(3));
    assert_eq!((listed.email, listed.starting_after, listed.expand), (None, None, None));
    Ok(())
}

#[tokio::test]
async fn a_create_call_sets_three_of_twenty_one_fields_and_a_nested_body() -> Result<(), Box<dyn std::error::Error>> {
    let shop = Shop::default();
    let client = serve(shop.clone()).await;
    let body = CustomerCreate::new("jenny@example.com", CustomerCreateCurrency::Eur)?.name("Jenny Rosen")?;
    client.post_customers(&body).await?;
    let address = Address::new("1 Main St")?.city("Paris").country("FR")?;
    let body = CustomerCreate::new("max@example.com", CustomerCreateCurrency::Usd)?
        .address(address)
        .tax_exempt(CustomerCreateTaxExempt::Reverse);
    client.post_customers(&body).await?;

    let created = shop.created.lock().unwrap().clone();
    let json = |body: &CustomerCreate| serde_json::to_value(body).unwrap();
    assert_eq!(
        json(&created[0]),
        serde_json::json!({"email": "jenny@example.com", "currency": "eur", "name": "Jenny Rosen",
            "cash_balance_reconciliation": "automatic"})
    );
    assert_eq!(
        json(&created[1]),
        serde_json::json!({"email": "max@example.com", "currency": "usd", "tax_exempt": "reverse",
            "address": {"line1": "1 Main St", "city": "Paris", "country": "FR"},
            "cash_balance_reconciliation": "automatic"})
    );
    Ok(())
}

#[test]
fn a_constrained_value_is_checked_once_with_its_own_error() {
    let error = GetCustomersParams::new().limit(101).unwrap_err();
    assert_eq!(error.to_string(), "GetCustomersLimit: must be at most 100 (maximum), got 101");
    let error = CustomerCreate::new("a".repeat(513), CustomerCreateCurrency::Gbp).unwrap_err();
    assert!(error.to_string().contains("must be at most 512 characters long (maxLength), got 513"), "{error}");
    let error = Address::new("1 Main St").unwrap().country("France").unwrap_err();
    assert!(error.to_string().contains("must be at most 2 characters long (maxLength), got 6"), "{error}");
}

#[test]
fn struct_literals_still_work() {
    let params = GetCustomersParams {
        limit: None,
        starting_after: None,
        ending_before: None,
        email: None,
        test_clock: Some("clock_1".into()),
        created: None,
        expand: None,
    };
    assert_eq!(params, GetCustomersParams::new().test_clock("clock_1"));
}

//! `responses!`: a response enum's status, decoding and answering.

/// A response enum's `status()`, the client's `Decode` and the server's
/// `IntoResponse`, each under its feature, from one line per variant:
/// its status, the body's [`media`] kind and type in parentheses, and
/// headers in braces.
///
/// ```text
/// crate::support::responses! {
///     UsersCreateResponse {
///         NoContent = 204,
///         Ok = 200 (Json "application/json"),
///         Created = 201 (Json "application/json") { location: required "location" },
///         Status4XX = (400..=499) (Json "application/json") {},
///         Other = _ (Text "text/plain") {},
///     }
/// }
/// ```
///
/// A variant with a range or `_` (any other status) holds its `status`;
/// those come after the exact codes, and `_` last. Without `_`, an answer
/// of another status is the client's `ClientError::UndocumentedStatus`.
// A crate without operations does not use it.
#[allow(unused_macros)]
macro_rules! responses {
    ($name:ident {}) => {
        impl $name {
            /// The HTTP status code of this response.
            pub fn status(&self) -> u16 {
                match *self {}
            }
        }

        #[cfg(feature = "client")]
        impl $crate::support::client::Decode for $name {
            fn decode(answer: &$crate::support::client::Answer) -> Result<Self, $crate::support::client::ClientError> {
                Err(answer.undocumented())
            }
        }

        #[cfg(feature = "server")]
        impl $crate::support::server::IntoResponse for $name {
            fn into_response(self) -> $crate::support::server::Response {
                match self {}
            }
        }
    };
    ($name:ident { $($entries:tt)* }) => {
        // `answer` is made here and handed down, so that every step's
        // arms name the one the impl declares.
        $crate::support::responses!(@munch $name answer [] [] [] [_ => return Err(answer.undocumented()),] $($entries)*);
    };
    // One variant at a time, into the arms of `status`, `decode` and
    // `into_response` (a macro cannot stand where an arm goes).
    (@munch $name:ident $answer:ident [$($st:tt)*] [$($de:tt)*] [$($re:tt)*] [$($fb:tt)*]
        $variant:ident = $code:literal, $($rest:tt)*) => {
        $crate::support::responses!(@munch $name $answer
            [$($st)* Self::$variant => $code,]
            [$($de)* $code => Self::$variant,]
            [$($re)* Self::$variant => $crate::support::server::respond_head($code, &[]),]
            [$($fb)*] $($rest)*);
    };
    (@munch $name:ident $answer:ident [$($st:tt)*] [$($de:tt)*] [$($re:tt)*] [$($fb:tt)*]
        $variant:ident = $code:literal ($kind:ident $media:literal), $($rest:tt)*) => {
        $crate::support::responses!(@munch $name $answer
            [$($st)* Self::$variant(..) => $code,]
            [$($de)* $code => Self::$variant($crate::support::responses!(@read $answer $kind)),]
            [$($re)* Self::$variant(body) => $crate::support::responses!(@write $code $kind $media body []),]
            [$($fb)*] $($rest)*);
    };
    (@munch $name:ident $answer:ident [$($st:tt)*] [$($de:tt)*] [$($re:tt)*] [$($fb:tt)*]
        $variant:ident = $code:literal ($kind:ident $media:literal)
        { $($field:ident: $presence:ident $wire:literal),* $(,)? }, $($rest:tt)*) => {
        $crate::support::responses!(@munch $name $answer
            [$($st)* Self::$variant { .. } => $code,]
            [$($de)* $code => Self::$variant {
                body: $crate::support::responses!(@read $answer $kind),
                $($field: $crate::support::responses!(@header $presence $answer $wire),)*
            },]
            [$($re)* Self::$variant { body, $($field),* } =>
                $crate::support::responses!(@write $code $kind $media body [$($field $presence $wire)*]),]
            [$($fb)*] $($rest)*);
    };
    (@munch $name:ident $answer:ident [$($st:tt)*] [$($de:tt)*] [$($re:tt)*] [$($fb:tt)*]
        $variant:ident = $code:literal { $($field:ident: $presence:ident $wire:literal),* $(,)? }, $($rest:tt)*) => {
        $crate::support::responses!(@munch $name $answer
            [$($st)* Self::$variant { .. } => $code,]
            [$($de)* $code => Self::$variant {
                $($field: $crate::support::responses!(@header $presence $answer $wire),)*
            },]
            [$($re)* Self::$variant { $($field),* } =>
                $crate::support::responses!(@head $code [$($field $presence $wire)*]),]
            [$($fb)*] $($rest)*);
    };
    // Any other status (`_`), the decoder's last arm in place of the
    // fallback, or a range `(400..=499)`: the variant holds the status.
    (@munch $name:ident $answer:ident [$($st:tt)*] [$($de:tt)*] [$($re:tt)*] [$($fb:tt)*]
        $variant:ident = _ ($kind:ident $media:literal)
        { $($field:ident: $presence:ident $wire:literal),* $(,)? }, $($rest:tt)*) => {
        $crate::support::responses!(@munch $name $answer
            [$($st)* Self::$variant { status, .. } => *status,]
            [$($de)* status => Self::$variant {
                status,
                body: $crate::support::responses!(@read $answer $kind),
                $($field: $crate::support::responses!(@header $presence $answer $wire),)*
            },]
            [$($re)* Self::$variant { status, body, $($field),* } =>
                $crate::support::responses!(@write status $kind $media body [$($field $presence $wire)*]),]
            [] $($rest)*);
    };
    (@munch $name:ident $answer:ident [$($st:tt)*] [$($de:tt)*] [$($re:tt)*] [$($fb:tt)*]
        $variant:ident = _ { $($field:ident: $presence:ident $wire:literal),* $(,)? }, $($rest:tt)*) => {
        $crate::support::responses!(@munch $name $answer
            [$($st)* Self::$variant { status, .. } => *status,]
            [$($de)* status => Self::$variant {
                status,
                $($field: $crate::support::responses!(@header $presence $answer $wire),)*
            },]
            [$($re)* Self::$variant { status, $($field),* } =>
                $crate::support::responses!(@head status [$($field $presence $wire)*]),]
            [] $($rest)*);
    };
    (@munch $name:ident $answer:ident [$($st:tt)*] [$($de:tt)*] [$($re:tt)*] [$($fb:tt)*]
        $variant:ident = ($($range:tt)*) ($kind:ident $media:literal)
        { $($field:ident: $presence:ident $wire:literal),* $(,)? }, $($rest:tt)*) => {
        $crate::support::responses!(@munch $name $answer
            [$($st)* Self::$variant { status, .. } => *status,]
            [$($de)* status @ $($range)* => Self::$variant {
                status,
                body: $crate::support::responses!(@read $answer $kind),
                $($field: $crate::support::responses!(@header $presence $answer $wire),)*
            },]
            [$($re)* Self::$variant { status, body, $($field),* } =>
                $crate::support::responses!(@write status $kind $media body [$($field $presence $wire)*]),]
            [$($fb)*] $($rest)*);
    };
    (@munch $name:ident $answer:ident [$($st:tt)*] [$($de:tt)*] [$($re:tt)*] [$($fb:tt)*]
        $variant:ident = ($($range:tt)*) { $($field:ident: $presence:ident $wire:literal),* $(,)? }, $($rest:tt)*) => {
        $crate::support::responses!(@munch $name $answer
            [$($st)* Self::$variant { status, .. } => *status,]
            [$($de)* status @ $($range)* => Self::$variant {
                status,
                $($field: $crate::support::responses!(@header $presence $answer $wire),)*
            },]
            [$($re)* Self::$variant { status, $($field),* } =>
                $crate::support::responses!(@head status [$($field $presence $wire)*]),]
            [$($fb)*] $($rest)*);
    };
    (@munch $name:ident $answer:ident [$($st:tt)*] [$($de:tt)*] [$($re:tt)*] [$($fb:tt)*]) => {
        impl $name {
            /// The HTTP status code of this response.
            pub fn status(&self) -> u16 {
                match self {
                    $($st)*
                }
            }
        }

        #[cfg(feature = "client")]
        impl $crate::support::client::Decode for $name {
            fn decode($answer: &$crate::support::client::Answer) -> Result<Self, $crate::support::client::ClientError> {
                let response = match $answer.status {
                    $($de)*
                    $($fb)*
                };
                Ok(response)
            }
        }

        #[cfg(feature = "server")]
        impl $crate::support::server::IntoResponse for $name {
            fn into_response(self) -> $crate::support::server::Response {
                match self {
                    $($re)*
                }
            }
        }
    };
    (@read $answer:ident $kind:ident) => {
        <$crate::support::media::$kind as $crate::support::client::ReadBody<_>>::read($answer)?
    };
    (@write $status:tt $kind:ident $media:literal $body:ident [$($field:ident $presence:ident $wire:literal)*]) => {
        <$crate::support::media::$kind as $crate::support::server::WriteBody<_>>::respond(
            $status,
            $media,
            $body,
            &[$(($wire, $crate::support::responses!(@text $presence $field))),*],
        )
    };
    (@head $status:tt [$($field:ident $presence:ident $wire:literal)*]) => {
        $crate::support::server::respond_head($status, &[$(($wire, $crate::support::responses!(@text $presence $field))),*])
    };
    (@header required $answer:ident $wire:literal) => { $crate::support::client::required_header($answer, $wire)? };
    (@header optional $answer:ident $wire:literal) => { $crate::support::client::optional_header($answer, $wire)? };
    (@text required $field:ident) => { Some($field.to_string()) };
    (@text optional $field:ident) => { $field.as_ref().map(|value| value.to_string()) };
}
#[allow(unused_imports)]
pub(crate) use responses;

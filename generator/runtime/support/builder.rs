//! `builder!`: `new` with a request's required fields, and a setter per
//! other field, for the `builders` feature.

/// `new(required fields)` and a setter per other field, from one line per
/// field: each required one (the arguments of `new`), then each other
/// field with its type, the value `new` gives it and what a setter wraps
/// its value in; the checked ones last, with the plain type they are made
/// from. `+ Default` when `new` takes nothing; `new(..)?` when it checks
/// some arguments, each with the path that converts it (a checked type's
/// `new`, or [`converted`] for the others). A type with a map of other keys,
/// a field named `new`, a required nullable or a boxed checked field has
/// its methods written out instead.
///
/// ```text
/// crate::support::builder! {
///     ReposListParams(owner: String) {
///         per_page: i64 = None => Some,
///         sort: ReposListSort = None => Some,
///     }
///     checked {
///         name: String => ReposListName = None => Some,
///     }
/// }
/// ```
// A crate without request builders does not use it.
#[allow(unused_macros)]
macro_rules! builder {
    // `new` checks some of its arguments: each is converted by its path.
    (
        $name:ident ($($arg:ident: $arg_ty:ty => $convert:path),* $(,)?)? {
            $($field:ident: $ty:ty = $init:expr => $wrap:path,)*
        }
        $(checked {
            $($checked:ident: $base:ty => $rule:ty = $checked_init:expr => $checked_wrap:path,)*
        })?
    ) => {
        impl $name {
            /// With the required fields, checked; each other field is
            /// absent, or takes the spec's default, until its setter (of
            /// its name) sets it. A checked field's setter checks its value.
            #[allow(clippy::too_many_arguments)]
            pub fn new($($arg: impl Into<$arg_ty>),*) -> Result<Self, crate::support::ConstraintError> {
                Ok(Self {
                    $($arg: $convert($arg)?,)*
                    $($field: $init,)*
                    $($($checked: $checked_init,)*)?
                })
            }
        }

        crate::support::builder!(@setters $name { $($field: $ty => $wrap,)* } $({ $($checked: $base => $rule => $checked_wrap,)* })?);
    };
    (
        $name:ident ($($arg:ident: $arg_ty:ty),* $(,)?) $(+ $default:ident)? {
            $($field:ident: $ty:ty = $init:expr => $wrap:path,)*
        }
        $(checked {
            $($checked:ident: $base:ty => $rule:ty = $checked_init:expr => $checked_wrap:path,)*
        })?
    ) => {
        impl $name {
            /// With the required fields; each other field is absent, or
            /// takes the spec's default, until its setter (of its name)
            /// sets it. A checked field's setter checks its value.
            #[allow(clippy::too_many_arguments)]
            pub fn new($($arg: impl Into<$arg_ty>),*) -> Self {
                Self {
                    $($arg: $arg.into(),)*
                    $($field: $init,)*
                    $($($checked: $checked_init,)*)?
                }
            }
        }

        $(
            impl $default for $name {
                fn default() -> Self {
                    Self::new()
                }
            }
        )?

        crate::support::builder!(@setters $name { $($field: $ty => $wrap,)* } $({ $($checked: $base => $rule => $checked_wrap,)* })?);
    };
    (@setters $name:ident { $($field:ident: $ty:ty => $wrap:path,)* } $({ $($checked:ident: $base:ty => $rule:ty => $checked_wrap:path,)* })?) => {
        impl $name {
            $(
                pub fn $field(mut self, $field: impl Into<$ty>) -> Self {
                    self.$field = $wrap($field.into());
                    self
                }
            )*

            $($(
                pub fn $checked(mut self, $checked: impl Into<$base>) -> Result<Self, crate::support::ConstraintError> {
                    self.$checked = $checked_wrap(<$rule>::new($checked)?);
                    Ok(self)
                }
            )*)?
        }
    };
}

pub(crate) use builder;

/// A plain argument of a `new` that checks others: converted, never refused.
pub fn converted<T>(value: impl Into<T>) -> Result<T, super::ConstraintError> {
    Ok(value.into())
}

//! # cnn-playground
//!
//! The core of a playground for convolutional networks in the browser: build a network from a
//! JSON spec, run it forward and backward, and train it with SGD, Momentum, Adagrad, RMSProp or
//! Adam, number for number as PyTorch does. Pure Rust, tested natively; `wasm` wraps it for
//! JavaScript.
//!
//! ```
//! use cnn_playground::{NetworkSpec, OptimizerSpec, Trainer, Targets};
//! let spec = NetworkSpec::from_json_str(r#"{"input": [1, 5, 5],
//!     "layers": [{"type": "flatten"}, {"type": "dense", "units": 10}],
//!     "loss": "softmax_cross_entropy"}"#).unwrap();
//! let sgd = OptimizerSpec::from_json_str(r#"{"type": "sgd", "lr": 0.1}"#).unwrap();
//! let mut trainer = Trainer::new(spec, sgd, 42);
//! let loss = trainer.step(&[0.5; 25], Targets::Classes(&[3]), 1).unwrap();
//! assert!(loss > 0.0);
//! ```

pub mod data;
pub mod error;
pub mod evaluation;
pub mod export;
pub mod images;
pub use cnn_kernels as kernels;
pub mod layers;
pub mod lecture;
pub mod link;
pub mod loss;
pub mod network;
pub mod optim;
pub mod rng;
pub mod schema;
pub mod sort;
pub mod spec;
pub mod surface;
pub mod trainer;
pub mod training;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, Result};
pub use loss::Targets;
pub use network::Network;
pub use optim::{Optimizer, OptimizerSpec, Rule};
pub use spec::{LayerSpec, Loss, NetworkSpec, Shape};
pub use trainer::Trainer;
pub use training::TrainingRun;

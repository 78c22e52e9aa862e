//! Tests of `data.rs`: the file format and its errors, and the split.

use super::*;

#[path = "../tests/common/mnist.rs"]
mod mnist;
pub(crate) use mnist::mnist_bytes;

fn err<T: std::fmt::Debug>(r: Result<T>) -> String {
    r.unwrap_err().message().to_string()
}

#[test]
fn parses_mnist_bytes_into_unit_range() {
    let data = Dataset::from_mnist_bytes(&mnist_bytes(12, 3, 4)).unwrap();
    assert_eq!((data.len(), data.shape(), data.classes(), data.image_size()), (12, [1, 3, 4], 10, 12));
    assert_eq!(data.image(2).unwrap()[..3], [2.0 / 255.0, 3.0 / 255.0, 4.0 / 255.0]);
    assert_eq!(data.label(11).unwrap(), 1);
    assert!(data.images().iter().all(|v| (0.0..=1.0).contains(v)));
}

#[test]
fn refuses_bad_files_with_reasons() {
    assert!(err(Dataset::from_mnist_bytes(b"PNG....")).contains("not an mnist.bin file"));
    let mut short = mnist_bytes(5, 2, 2);
    short.pop();
    let message = err(Dataset::from_mnist_bytes(&short));
    assert!(message.contains("truncated") && message.contains("16 + 20 + 5 = 41"), "{message}");
    let mut zero = mnist_bytes(1, 2, 2);
    zero[4..8].copy_from_slice(&0u32.to_le_bytes());
    assert!(err(Dataset::from_mnist_bytes(&zero)).contains("0 images"));
    let mut label = mnist_bytes(3, 2, 2);
    *label.last_mut().unwrap() = 10;
    let message = err(Dataset::from_mnist_bytes(&label));
    assert!(message.contains("label 2 is 10") && message.starts_with("mnist.bin"), "{message}");
}

#[test]
fn dataset_checks_counts_and_indices() {
    assert!(err(Dataset::new(vec![0.0; 7], vec![0, 1], [1, 2, 2], 10)).contains("7 image values for 2 labels"));
    let data = Dataset::new(vec![0.5; 8], vec![0, 1], [1, 2, 2], 2).unwrap();
    assert!(err(data.image(2)).contains("example 2 does not exist"));
    assert!(err(data.slice(1, 3)).contains("not within"));
}

#[test]
fn split_is_first_8000_then_the_rest() {
    let (train, test) = mnist_split(&mnist_bytes(8010, 2, 2)).unwrap();
    assert_eq!((train.len(), test.len()), (8000, 10));
    assert_eq!(test.image(0).unwrap()[0], (8000 % 256) as f32 / 255.0);
    assert_eq!(test.label(3).unwrap(), 8003 % 10);
    assert!(err(mnist_split(&mnist_bytes(100, 2, 2))).contains("needs more than 8000"));
}

#[test]
fn the_header_alone_gives_the_counts_of_the_split() {
    let info = MnistInfo::read(&mnist_bytes(8010, 3, 4)).unwrap();
    assert_eq!(info, MnistInfo { count: 8010, rows: 3, cols: 4 });
    assert_eq!((info.train_count(), info.test_count()), (8000, 10));
    let small = MnistInfo::read(&mnist_bytes(30, 2, 2)).unwrap();
    assert_eq!((small.train_count(), small.test_count()), (30, 0));
    assert!(err(small.check_split()).contains("needs more than 8000"));
    let mut short = mnist_bytes(5, 2, 2);
    short.pop();
    assert!(err(MnistInfo::read(&short)).contains("truncated"));
}

#[test]
fn byte_sets_read_like_float_sets_and_keep_names_and_scaling() {
    let data = Dataset::from_mnist_bytes(&mnist_bytes(6, 2, 3)).unwrap();
    assert!(matches!(data.pixels(), Pixels::Bytes(b) if b.len() == 36), "mnist.bin stays bytes");
    assert_eq!(data.scaling(), Some(MNIST_SCALING));
    let floats = Dataset::new(data.images().into_owned(), data.labels().to_vec(), [1, 2, 3], 10).unwrap();
    assert_eq!(floats.scaling(), None);
    let (mut a, mut b, mut la, mut lb) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    data.gather(&[4, 1], &mut a, &mut la);
    floats.gather(&[4, 1], &mut b, &mut lb);
    assert_eq!((a, la), (b, lb));
    assert_eq!(data.pixel_mean_std(), floats.pixel_mean_std());
    assert_eq!(data.image(5).unwrap()[..], floats.image(5).unwrap()[..]);
    let tail = data.slice(2, 6).unwrap();
    assert_eq!((tail.len(), tail.scaling(), tail.label(0).unwrap()), (4, Some(MNIST_SCALING), 2));
    assert_eq!(data.class_names()[9], "9");
    let named = Dataset::from_bytes(vec![0u8, 255], vec![0, 1], [1, 1, 1], 2)
        .unwrap()
        .with_class_names(vec!["cat".into(), "dog".into()])
        .unwrap();
    assert_eq!(named.slice(1, 2).unwrap().class_names(), ["cat", "dog"]);
    assert_eq!(named.image(1).unwrap()[..], [1.0]);
    assert!(err(named.with_class_names(vec!["cat".into()])).contains("1 class names for 2 classes"));
}

#[test]
fn a_set_made_from_files_keeps_its_preprocessing_through_slices_and_refuses_another_shape() {
    let digits = Dataset::from_mnist_bytes(&mnist_bytes(4, 2, 3)).unwrap();
    assert_eq!(digits.preprocessing(), None, "the digits were not made from files");
    let p = Preprocessing { width: 3, height: 2, ..Preprocessing::default() };
    let made = digits.with_preprocessing(Some(p)).unwrap();
    assert_eq!(made.slice(1, 3).unwrap().preprocessing(), Some(p));
    let rgb = Preprocessing { color: crate::images::Color::Rgb, ..p };
    let refused = err(made.with_preprocessing(Some(rgb)));
    assert!(refused.contains("makes images of 3 x 2 x 3, but the set's images are 1 x 2 x 3"), "{refused}");
}

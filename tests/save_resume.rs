//! A run saved at step N and loaded again gives exactly the losses, weights and optimizer state
//! of the run that never stopped, for all five optimizers; so does a run through its training
//! data (batch order, epoch, position). A file that is not a good save gets a message saying
//! what is wrong with it, and nothing panics.

mod common;

use cnn_playground::data::{Dataset, MNIST_SCALING};
use cnn_playground::export::pytorch::{pytorch_zip, ImageFolder, SampleBatch};
use cnn_playground::export::save::read_header;
use cnn_playground::export::zip::DosTime;
use cnn_playground::export::{load_run, save_run, RunInfo};
use cnn_playground::rng::Rng;
use cnn_playground::training::{Divergence, TrainingRun};
use cnn_playground::Trainer;
use common::runs::{mnist_bytes, spec, step, trained, EVERY_LAYER, OPTIMIZERS, REFERENCE};

fn bits(values: &[f32]) -> Vec<u32> {
    values.iter().map(|v| v.to_bits()).collect()
}

/// Everything that decides the next steps, as bits.
fn state(t: &Trainer) -> (Vec<u32>, Vec<u32>, Vec<u32>, u64) {
    let o = t.optimizer();
    (bits(t.network().params()), bits(o.first_state()), bits(o.second_state()), o.steps())
}

fn info() -> RunInfo {
    RunInfo { seed: 3, link: "#v=1&view=train&seed=3".into(), ..RunInfo::default() }
}

#[test]
fn a_trainer_saved_at_step_n_continues_bit_for_bit() {
    for network in [REFERENCE, EVERY_LAYER] {
        for optimizer in OPTIMIZERS {
            let (n, more) = (5, 6);
            let mut straight = trained(network, optimizer, n);
            let saved = save_run(&straight, &info());
            let (mut resumed, back) = load_run(&saved).unwrap();
            assert_eq!(back, info());
            assert_eq!(state(&resumed), state(&straight), "{optimizer}: state right after loading");
            assert_eq!(resumed.network().spec(), straight.network().spec());
            let (mut a, mut b) = (Rng::new(5, 7), Rng::new(5, 7));
            let losses_a: Vec<u32> = (0..more).map(|_| step(&mut straight, &mut a, 4).to_bits()).collect();
            let losses_b: Vec<u32> = (0..more).map(|_| step(&mut resumed, &mut b, 4).to_bits()).collect();
            assert_eq!(losses_a, losses_b, "{optimizer}: losses after resuming");
            assert_eq!(state(&resumed), state(&straight), "{optimizer}: state after {more} more steps");
            assert!(losses_a.windows(2).any(|w| w[0] != w[1]), "{optimizer}: the run should be learning");
        }
    }
}

/// `count` made-up digits.
fn digits(count: usize) -> Dataset {
    Dataset::from_mnist_bytes(&mnist_bytes(count)).unwrap()
}

/// `steps` steps of a run through `data` (batches of 6, standardized as the page does).
fn train(run: &mut TrainingRun, data: &Dataset, steps: usize) -> Vec<u32> {
    bits(&run.train_steps(data, steps).unwrap().losses)
}

#[test]
fn a_run_through_its_data_resumes_at_its_place_in_the_epoch() {
    let data = digits(20); // 20 examples in batches of 6: epochs end at steps 4, 8, 12, ...
    for optimizer in OPTIMIZERS {
        // saved mid-epoch, at the end of an epoch, and before the first batch
        for n in [7, 8, 0] {
            let mut straight = TrainingRun::new(spec(REFERENCE), common::runs::optimizer(optimizer), 9, 6).unwrap();
            let mut losses = train(&mut straight, &data, n);
            let info = RunInfo::of_run(&straight, "");
            let (resumed, back) = load_run(&save_run(straight.trainer(), &info)).unwrap();
            assert_eq!(back, info);
            assert_eq!(back.scaling, Some(MNIST_SCALING));
            let position = back.data.clone().unwrap();
            let expected = match n {
                0 => (0, 0, 0),
                7 => (1, 18, 38), // three batches into the second epoch
                _ => (1, 20, 40), // at the end of the second epoch: the next batch starts the third
            };
            assert_eq!((position.epoch, position.position, position.images_seen), expected);
            let mut resumed = back.into_run(resumed, 32).unwrap();
            assert_eq!(resumed.batch(), 6);
            losses.extend(train(&mut straight, &data, 9));
            let tail = train(&mut resumed, &data, 9);
            assert_eq!(tail, losses[n..], "{optimizer}, saved after {n} steps");
            assert_eq!(state(resumed.trainer()), state(straight.trainer()), "{optimizer}, saved after {n} steps");
            assert_eq!(resumed.cursor().images_seen(), straight.cursor().images_seen());
            assert_eq!(resumed.cursor().epoch(), straight.cursor().epoch());
        }
    }
}

#[test]
fn the_header_tells_what_a_save_holds_without_building_it() {
    let trainer = trained(REFERENCE, OPTIMIZERS[4], 4);
    let run =
        RunInfo { divergence: Some(Divergence { step: 4, message: "the loss became NaN at step 4".into() }), ..info() };
    let header = read_header(&save_run(&trainer, &run)).unwrap();
    assert_eq!(header["steps"], 4);
    assert_eq!(header["optimizer"]["type"], "adam");
    assert_eq!(header["link"], "#v=1&view=train&seed=3");
    assert_eq!(header["divergence"]["step"], 4);
    assert_eq!(header["data"], serde_json::Value::Null);
    assert_eq!(header["formatVersion"], 1);
    assert_eq!(header["network"]["layers"][0]["type"], "conv2d");
}

fn refused(bytes: &[u8]) -> String {
    match load_run(bytes) {
        Ok(_) => panic!("a bad file was loaded"),
        Err(e) => {
            assert_eq!(read_header(bytes).unwrap_err(), e, "read_header and load_run should agree");
            e.to_string()
        }
    }
}

fn says(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "{message:?} does not say {part:?}");
    }
}

#[test]
fn bad_files_are_refused_with_a_message_that_says_why() {
    let trainer = trained(REFERENCE, OPTIMIZERS[4], 3);
    let good = save_run(&trainer, &info());

    says(&refused(&good[..0]), &["the file is empty", "\"CNNP\""]);
    for cut in [1, 3] {
        says(&refused(&good[..cut]), &["not a saved run", "\"CNNP\""]);
    }
    for cut in [4, 12, 19] {
        says(&refused(&good[..cut]), &["truncated", "not even its 20-byte frame"]);
    }
    for cut in [20, 500, good.len() / 2, good.len() - 1] {
        says(&refused(&good[..cut]), &["truncated", &format!("it has {cut} of its {} bytes", good.len())]);
    }

    let mut magic = good.clone();
    magic[..4].copy_from_slice(b"XNNP");
    says(&refused(&magic), &["this is not a saved run", "starts with \"CNNP\"", "made by Save"]);

    let mut future = good.clone();
    future[4..8].copy_from_slice(&2u32.to_le_bytes());
    says(
        &refused(&future),
        &["format version 2", "newer than this playground reads (version 1)", "newer cnn-playground"],
    );

    let zip = pytorch_zip(
        &trainer,
        &info(),
        &ImageFolder::default(),
        &SampleBatch::generated(trainer.network().spec(), 2, None),
        DosTime::EPOCH,
    )
    .unwrap();
    says(&refused(&zip), &["this is a zip file (a PyTorch export is one), not a saved run"]);
    says(&refused(b"\x89PNG\r\n\x1a\n...."), &["this is an image, not a saved run"]);

    let mut appended = good.clone();
    appended.extend_from_slice(b"more");
    says(&refused(&appended), &["4 bytes more than the", "damaged"]);

    // One bit flipped in a weight, and one in the header: the checksum catches both.
    for at in [good.len() - 100, 40] {
        let mut flipped = good.clone();
        flipped[at] ^= 0x10;
        says(&refused(&flipped), &["damaged", "checksum does not match"]);
    }
}

/// A save whose checksum is right but whose header was edited: `edit` changes the header text.
fn with_header(good: &[u8], edit: impl Fn(&str) -> String) -> Vec<u8> {
    let len = u32::from_le_bytes(good[12..16].try_into().unwrap()) as usize;
    let header = edit(std::str::from_utf8(&good[16..16 + len]).unwrap());
    let mut out = good[..16].to_vec();
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(&good[16 + len..good.len() - 4]);
    let total = out.len() as u32 + 4;
    out[8..12].copy_from_slice(&total.to_le_bytes());
    out[12..16].copy_from_slice(&(header.len() as u32).to_le_bytes());
    let crc = crc32(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

#[test]
fn a_consistent_file_with_impossible_contents_is_refused_too() {
    let trainer = trained(REFERENCE, OPTIMIZERS[4], 3);
    let good = save_run(&trainer, &info());
    assert!(load_run(&with_header(&good, str::to_string)).is_ok(), "re-framing alone must keep a file good");

    let bad = with_header(&good, |h| h.replace("\"filters\":8", "\"filters\":0"));
    says(
        &refused(&bad),
        &["the save file is damaged: its network: layer 0 (conv2d): filters must be at least 1, not 0"],
    );
    let bad = with_header(&good, |h| h.replace("\"type\":\"adam\"", "\"type\":\"adamw\""));
    says(&refused(&bad), &["damaged: its optimizer: optimizer type \"adamw\" is unknown"]);
    let bad = with_header(&good, |h| h.replace("\"steps\":3", "\"steps\":-3"));
    says(&refused(&bad), &["damaged", "\"steps\" is not a whole number"]);
    let bad = with_header(&good, |h| h.replace("\"filters\":16", "\"filters\":15"));
    says(&refused(&bad), &["damaged", "holds 5994 weights, but its network has"]);
    let bad = with_header(&good, |h| h.replace(",\"link\"", ",\"lnk\""));
    says(&refused(&bad), &["damaged: its header has no \"link\""]);
    let bad = with_header(&good, |h| h.replace("\"first\":5994", "\"first\":5993"));
    says(&refused(&bad), &["damaged: its tensors should fill"]);
    let bad = with_header(&good, |_| "{not json".into());
    says(&refused(&bad), &["damaged: its header is not JSON"]);
}

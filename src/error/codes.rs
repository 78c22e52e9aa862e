//! Every message code the core gives the page, in one table: its stable name (the page's
//! catalog key is `core.<name>`) and its English template, whose `{name}` placeholders are
//! its parameters. [`ALL`] lists them (`errorCodes()` in JavaScript); a test of the page fails
//! when one is missing from a catalog, or when English's differs from the template here.
//!
//! A placeholder is `{` letters, digits or `_` `}`; other braces (`{"type": "relu"}`) are text.
//! A `{hint}`, `{range}`, `{allowed}`, `{reason}`, `{help}`, `{optional}` or `{what}`
//! parameter is usually a message of its own (or nothing).

/// A stable message code and its English template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub name: &'static str,
    pub english: &'static str,
}

impl Code {
    /// The placeholders of the template, in order of first appearance.
    pub fn params(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        for (name, _) in placeholders(self.english) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// The template with each placeholder replaced by `value(name)` (left as it is for `None`).
    pub fn fill(&self, value: impl Fn(&str) -> Option<String>) -> String {
        let mut out = String::with_capacity(self.english.len());
        let mut rest = 0;
        for (name, at) in placeholders(self.english) {
            if let Some(v) = value(name) {
                out.push_str(&self.english[rest..at]);
                out.push_str(&v);
                rest = at + name.len() + 2;
            }
        }
        out.push_str(&self.english[rest..]);
        out
    }
}

/// Each `{name}` of `text` with the byte offset of its `{`.
fn placeholders(text: &'static str) -> impl Iterator<Item = (&'static str, usize)> {
    text.match_indices('{').filter_map(move |(at, _)| {
        let rest = &text[at + 1..];
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
        (end > 0 && rest[end..].starts_with('}')).then(|| (&rest[..end], at))
    })
}

macro_rules! codes {
    ($($(#[$doc:meta])* $id:ident = $name:literal => $english:literal;)*) => {
        $($(#[$doc])* pub const $id: Code = Code { name: $name, english: $english };)*
        /// Every code, in the order of this file.
        pub const ALL: &[Code] = &[$($id),*];
    };
}

codes! {
    // Shared: where it happened, suggestions, ranges.
    /// A place and what happened there.
    PLACE = "place" => "{place}: {text}";
    PLACE_INPUT = "place.input" => "input";
    PLACE_LAYER = "place.layer" => "layer {index} ({kind})";
    PLACE_LAYER_INDEX = "place.layerIndex" => "layer {index}";
    PLACE_OPTIMIZER = "place.optimizer" => "optimizer ({kind})";
    /// A contender of a link's `opt=` list, 1-based.
    PLACE_CONTENDER = "place.contender" => "contender {number} \"{item}\"";
    /// A layer of a link's compact network.
    PLACE_LINK_LAYER = "place.linkLayer" => "layer {index} \"{item}\"";
    DID_YOU_MEAN = "didYouMean" => " (did you mean \"{name}\"?)";
    RANGE_ABOVE = "range.above" => "greater than {min}";
    RANGE_AT_LEAST = "range.atLeast" => "{min} or more";
    RANGE_UP_TO = "range.upTo" => "from {min} up to (not including) {max}";
    RANGE_BETWEEN = "range.between" => "between {min} and {max} (neither included)";
    RANGE_FROM_TO = "range.fromTo" => "from {min} to {max}";
    RANGE_ABOVE_AT_MOST = "range.aboveAtMost" => "greater than {min} and at most {max}";
    /// A required field's range with its example.
    RANGE_LIKE = "range.like" => "{range}, like {example}";

    // The network spec and its fields.
    SPEC_NOT_JSON = "spec.notJson" => "the network spec is not valid JSON: {reason}";
    SPEC_NOT_OBJECT = "spec.notObject" => "the network spec must be a JSON object, not {value}";
    SPEC_UNKNOWN_FIELD = "spec.unknownField" => "the network spec: unknown field \"{key}\"{hint}; its fields are {fields}";
    SPEC_MISSING = "spec.missing" => "the network spec: \"{key}\" is missing";
    LAYERS_NOT_LIST = "spec.layersNotList" => "layers must be a list of layers, like [{\"type\": \"flatten\"}, {\"type\": \"dense\", \"units\": 10}]";
    LAYERS_EMPTY = "spec.layersEmpty" => "layers is empty: add at least one layer, e.g. {\"type\": \"flatten\"} then {\"type\": \"dense\", \"units\": 10}";
    LOSS_UNKNOWN = "spec.lossUnknown" => "loss \"{name}\" is unknown{hint}: use one of {names}";
    LOSS_NOT_STRING = "spec.lossNotString" => "loss must be a string, one of {names}, not {value}";
    INPUT_NOT_LIST = "spec.inputNotList" => "input must be [channels, height, width], like [1, 28, 28], not {value}";
    INPUT_ZERO = "spec.inputZero" => "input must be [channels, height, width], each at least 1, got [{channels}, {height}, {width}]";
    LAYER_NOT_OBJECT = "spec.layerNotObject" => "layer {index} must be an object like {\"type\": \"relu\"}, not {value}";
    LAYER_TYPE_NOT_STRING = "spec.typeNotString" => "type must be a string, not {value}";
    LAYER_NO_TYPE = "spec.noType" => "layer {index} has no type: add \"type\", one of {names}";
    LAYER_TYPE_UNKNOWN = "spec.typeUnknown" => "unknown type \"{name}\"{hint}: use one of {names}";
    FIELD_UNKNOWN = "spec.fieldUnknown" => "unknown field \"{key}\"{hint}; its fields are {fields}";
    FIELD_UNKNOWN_NONE = "spec.fieldUnknownNone" => "unknown field \"{key}\"{hint}; it takes no other fields";
    FIELD_MISSING = "spec.fieldMissing" => "\"{field}\" is missing: give {shape}, like {example}";
    SHAPE_WHOLE = "spec.shapeWhole" => "a whole number";
    SHAPE_SIZE = "spec.shapeSize" => "an int or [height, width]";
    SHAPE_PADDING = "spec.shapePadding" => "an int for all sides or [top, bottom, left, right]";
    FIELD_WRONG_LENGTH = "spec.fieldWrongLength" => "{field} must be {shape}, not {value}";
    FIELD_MISSING_BOOL = "spec.fieldMissingBool" => "\"{field}\" is missing: give true or false";
    FIELD_NOT_BOOL = "spec.fieldNotBool" => "{field} must be true or false, not {value}";
    FIELD_MISSING_NUMBER = "spec.fieldMissingNumber" => "\"{field}\" is missing: give a number {allowed}";
    FIELD_NOT_NUMBER = "spec.fieldNotNumber" => "{field} must be a number {allowed}, not {value}";
    FIELD_TOO_LARGE_F32 = "spec.fieldTooLargeF32" => "{field} {value} is too large: numbers here are at most {max}";
    FIELD_OUT_OF_RANGE = "spec.fieldOutOfRange" => "{field} must be {allowed}, not {value}";
    NOT_WHOLE = "spec.notWhole" => "{field} must be a whole number, not {value}";
    BELOW_MIN = "spec.belowMin" => "{field} must be at least {min}, not {value}";
    ABOVE_LIMIT = "spec.aboveLimit" => "{field} {value} is larger than the limit of {max}";
    NOT_A_NUMBER = "spec.notANumber" => "{field} must be a number, not {value}";
    KERNEL_TOO_LARGE = "spec.kernelTooLarge" => "kernel {kernel} is larger than the padded input {height} x {width}";
    WINDOW_TOO_LARGE = "spec.windowTooLarge" => "window {rows} x {cols} is larger than the input {height} x {width}";
    DENSE_NOT_FLAT = "spec.denseNotFlat" => "input is {input}, not flat: add {\"type\": \"flatten\"} before this dense layer";
    NEEDS_IMAGE = "spec.needsImage" => "input is flat ({features} values), but {kind} needs an image (channels x height x width): move it before flatten";
    TOO_MANY_PARAMETERS = "spec.tooManyParameters" => "the network has {parameters} parameters so far, over the limit of {max} for a browser tab: use fewer filters or units";
    TOO_MANY_ACTIVATIONS = "spec.tooManyActivations" => "the network needs {activations} activation values per example so far, over the limit of {max} for a browser tab: shrink the input, use fewer filters, a larger stride or pooling";
    OUTPUT_NOT_FLAT = "spec.outputNotFlat" => "the last layer's output is {shape}, but the loss {loss} needs one value per output: end with {\"type\": \"flatten\"} and a dense layer";
    BATCH_ZERO = "spec.batchZero" => "batch size is 0: use at least 1 example";
    BATCH_TOO_LARGE = "spec.batchTooLarge" => "batch size {batch} is larger than the limit of {max}";
    BATCH_TOO_MUCH_MEMORY = "spec.batchTooMuchMemory" => "batch size {batch} needs {megabytes} MB of activations, over the limit of {limit} MB: use a batch of at most {most}";

    // The optimizer spec.
    OPTIMIZER_NOT_JSON = "optimizer.notJson" => "the optimizer spec is not valid JSON: {reason}";
    OPTIMIZER_NOT_OBJECT = "optimizer.notObject" => "the optimizer must be an object like {\"type\": \"adam\", \"lr\": 0.001}, not {value}";
    OPTIMIZER_TYPE_NOT_STRING = "optimizer.typeNotString" => "optimizer type must be a string, one of {names}, not {value}";
    OPTIMIZER_NO_TYPE = "optimizer.noType" => "the optimizer has no type: add \"type\", one of {names}";
    OPTIMIZER_UNKNOWN = "optimizer.unknown" => "optimizer type \"{name}\" is unknown{hint}: use one of {names}";

    /// A drawn digit without ink (the Train view's pad).
    DRAWING_EMPTY = "drawing.empty" => "the drawing is empty: draw a digit (0 to 9) in the box first";

    // The link.
    /// A bad value of a link's key, which keeps its default.
    LINK_KEEPS_DEFAULT = "link.keepsDefault" => "{key}={value}: {reason}; {key} keeps its default";
    LINK_VERSION = "link.version" => "link version \"{value}\" is not known: this page reads version {version}; the rest of the link is read as version {version}";
    LINK_VIEW_NAME = "link.viewName" => "a view name is 1 to 32 lowercase letters, digits, - or _, like race or surface";
    LINK_ONE_OF = "link.oneOf" => "use one of {names}";
    LINK_SURFACE_UNKNOWN = "link.surfaceUnknown" => "surface \"{name}\" is unknown{hint}: use one of {names}";
    LINK_OUT_OF_RANGE = "link.outOfRange" => "out of range: use a whole number from {min} to {max}";
    LINK_NOT_WHOLE = "link.notWhole" => "not a whole number: use a whole number from {min} to {max}";
    LINK_START_NOT_TWO = "link.startNotTwo" => "not two numbers: give X,Y with x from {x0} to {x1} and y from {y0} to {y1} (the {surface} view)";
    LINK_START_OUTSIDE = "link.startOutside" => "outside the surface: give X,Y with x from {x0} to {x1} and y from {y0} to {y1} (the {surface} view)";
    LINK_INPUT_NOT_DIGITS = "link.inputNotDigits" => "the network's input is {input}, but the digits are 1 x 28 x 28: start the net with 1x28x28";
    LINK_OUTPUT_NOT_TEN = "link.outputNotTen" => "the network ends with {output} outputs, but there are 10 digit classes: end it with flatten,dense:10";
    LINK_LOSS_NOT_SOFTMAX = "link.lossNotSoftmax" => "classes need the loss softmax_cross_entropy: remove the loss: item";
    LINK_INPUT_NOT_SHAPES = "link.inputNotShapes" => "the network's input is {input}, but the colour shapes are 3 x 32 x 32: start the net with 3x32x32";
    LINK_OUTPUT_NOT_NINE = "link.outputNotNine" => "the network ends with {output} outputs, but there are 9 shape classes: end it with flatten,dense:9";
    FIT_LAST_NOT_DENSE = "fit.lastNotDense" => "the network must end with a dense layer of one output per class ({classes}): add flatten and dense:{classes} at its end";
    FIT_PLACE = "fit.place" => "for images of {channels} x {height} x {width} and {classes} classes the network does not fit; change this layer";
    LINK_ONE_OPTIMIZER = "link.oneOptimizer" => "{count} optimizers given: the Train view trains one, like adam:0.001 (the Optimizer race compares several)";
    LINK_CONTENDER_COUNT = "link.contenderCount" => "{count} contenders given: give {min} to {max}, separated by commas, like sgd:0.1,adam:0.001";
    LINK_NOT_NUMBER = "link.notNumber" => "{key} \"{value}\" is not a number";
    LINK_NOT_FINITE = "link.notFinite" => "{key} must be a finite number, not {value}";
    LINK_NO_LR = "link.noLr" => "no learning rate: write it after the type, like adam:0.001";
    LINK_NET_INPUT = "link.netInput" => "the input \"{input}\" must be CHANNELSxHEIGHTxWIDTH, like 1x28x28";
    LINK_NET_TWICE = "link.netTwice" => "\"{field}\" is given twice";
    LINK_NET_PART = "link.netPart" => "part \"{part}\" is not understood: {help}";
    LINK_NET_WRITE = "link.netWrite" => "write {kind}{required}{optional}, like {example}";
    LINK_NET_OPTIONALLY = "link.netOptionally" => ", optionally {parts}";
    LINK_NET_NO_PARTS = "link.netNoParts" => "this layer takes no parts";

    // The lecture's views.
    LECTURE_OUT_OF_RANGE = "lecture.outOfRange" => "{what} must be from {min} to {max}, not {value}";
    LECTURE_NOT_FINITE = "lecture.notFinite" => "{what}: value {index} is {value}, not a finite number";
    LECTURE_THRESHOLD = "lecture.threshold" => "The threshold must lie between 0 and 1 (gray 0 is black, 1 is white), not {value}.";
    LECTURE_WINDOW = "lecture.window" => "A window of {rows} × {cols} does not fit the {height} × {width} digit: use 1 to {height} rows and 1 to {width} columns.";
    LECTURE_EMPTY_DRAWING = "lecture.emptyDrawing" => "The pad is empty: draw a digit (light strokes on the dark pad) or pick a real one.";
    LECTURE_KERNEL_LARGER = "lecture.kernelLarger" => "The kernel ({kernel}) is larger than the padded input ({padded}): make the kernel smaller, or the input or the padding larger.";
    LECTURE_OUTSIDE = "lecture.outside" => "Position ({row}, {col}) is outside the {height} × {width} output: pick a cell of the output.";
    LECTURE_WINDOW_LARGER = "lecture.windowLarger" => "The window ({size} × {size}) is larger than the feature map ({height} × {width}): pick a window of at most {smaller}.";
    LECTURE_DRAWN_INPUT = "lecture.drawnInput" => "An input of {input} works, but the drawing shows inputs up to {max}: use a smaller W to see the windows.";
    LECTURE_ACTIVATION_UNKNOWN = "lecture.activationUnknown" => "activation \"{name}\" is unknown{hint}: use one of {names}";
    LECTURE_CURVE_RANGE = "lecture.curveRange" => "the curve range runs from {from} to {to}: the start must be below the end";
    LECTURE_LABEL = "lecture.label" => "label {label} is not one of the {count} outputs: pick 0 to {last}";
    LECTURE_LABEL_NOISE = "lecture.labelNoise" => "the share of wrong labels must lie from 0 to 1, not {value}";
    LECTURE_PARAMETER = "lecture.parameter" => "parameter \"{name}\" is not in the network: pick 1.weight, 1.bias, 3.weight or 3.bias";
    LECTURE_ENTRY = "lecture.entry" => "{name} has {rows} x {cols} entries: row must be below {rows} and column below {cols}, not ({row}, {col})";
    LECTURE_FEATURES = "lecture.features" => "a digit has {count} features ({rows} x {cols} windows), not {given}";
    WHAT_POINTS = "lecture.what.points" => "points";
    WHAT_CURVE = "lecture.what.curve" => "curve range and slope";
    WHAT_FEATURE_MAP = "lecture.what.featureMap" => "feature map";
    WHAT_IMAGE_SIZE = "lecture.what.imageSize" => "image size";
    WHAT_IMAGE = "lecture.what.image" => "image";
    WHAT_IMAGES = "lecture.what.images" => "images";
    WHAT_HIDDEN = "lecture.what.hidden" => "hidden units";
    WHAT_STEPS = "lecture.what.steps" => "steps";
    WHAT_BATCH = "lecture.what.batch" => "batch size";
    WHAT_FEATURES_PER_EXAMPLE = "lecture.what.featuresPerExample" => "features per example";
    WHAT_EXAMPLES = "lecture.what.examples" => "examples";
    WHAT_FEATURES = "lecture.what.features" => "features";
    WHAT_CHANNELS = "lecture.what.channels" => "channels";
    WHAT_HEIGHT = "lecture.what.height" => "height";
    WHAT_WIDTH = "lecture.what.width" => "width";
    WHAT_PROBLEM = "lecture.what.problem" => "start, curvature, target and noise";
    WHAT_GRADIENTS = "lecture.what.gradients" => "gradients";
    WHAT_OUTPUT_COUNT = "lecture.what.outputCount" => "the number of outputs";
    WHAT_OUTPUTS = "lecture.what.outputs" => "outputs";
    WHAT_KERNEL = "lecture.what.kernel" => "kernel";
    WHAT_INPUT = "lecture.what.input" => "input";
    WHAT_WEIGHT = "lecture.what.weight" => "weight";
    WHAT_BIAS = "lecture.what.bias" => "bias";

    // The user's own images (src/images): a file, its size, the preprocessing, the classes.
    IMAGE_CORRUPT = "image.corrupt" => "the {format} header is cut short or damaged: the file is corrupt; save it again or leave it out";
    IMAGE_JPEG_NO_FRAME = "image.jpegNoFrame" => "the JPEG has no frame header before its image data: the file is corrupt";
    IMAGE_EMPTY_FILE = "image.emptyFile" => "the file is empty (0 bytes): it is not an image";
    /// `{bytes}`: the file's first bytes in hexadecimal.
    IMAGE_NOT_IMAGE = "image.notImage" => "not an image: it is none of PNG, JPEG, GIF, BMP or WebP (its first bytes are {bytes})";
    IMAGE_NO_PIXELS = "image.noPixels" => "the image is {width} x {height} pixels: it has no pixels";
    IMAGE_TOO_LARGE = "image.tooLarge" => "the image is {width} x {height} pixels ({megapixels} megapixels): the limit is {limit} megapixels (e.g. 6000 x 4000) and {side} pixels a side; save a smaller copy of it";
    IMAGE_RGBA_LENGTH = "image.rgbaLength" => "an RGBA image of {width} x {height} pixels has {expected} bytes, not {given}: pass the ImageData's data";
    IMAGE_NO_SUCH = "image.noSuch" => "there is no image {id} in the dataset (it was removed, or never added)";
    IMAGE_PREPROCESSED_LENGTH = "image.preprocessedLength" => "{given} bytes, but a preprocessed {channels} x {height} x {width} image has {expected}";
    PREPROCESS_NOT_OBJECT = "preprocess.notObject" => "the preprocessing must be an object like {\"size\": 28, \"color\": \"gray\"}, not {value}";
    PREPROCESS_PAD = "preprocess.pad" => "pad must be a grey level from 0 (black) to 255 (white), not {value}";
    PREPROCESS_FILTER = "preprocess.filter" => "filter must be one of {names}, not {value}";
    PREPROCESS_UNKNOWN_FIELD = "preprocess.unknownField" => "unknown preprocessing field \"{key}\"{hint}; its fields are {fields}";
    PREPROCESS_SIZE = "preprocess.size" => "size must be a whole number of pixels from {min} to {max} (like 28 or 32), not {value}";
    PREPROCESS_SIZE_LIST = "preprocess.sizeList" => "size must be one number (a square) or [height, width], not {value}";
    /// A field of two choices (`color`, `fit`).
    PREPROCESS_CHOICE = "preprocess.choice" => "{field} must be \"{first}\" or \"{second}\", not {value}";
    SET_TOO_MANY_IMAGES = "set.tooManyImages" => "{count} more images would make {total}, more than the {max} a dataset may hold (it has {has}): choose fewer files; a few hundred per class are plenty for these networks";
    SET_TOO_MANY_BYTES = "set.tooManyBytes" => "{total} images of {channels} x {height} x {width} would take {megabytes} MB, more than the {limit} MB a dataset may use (at most {most} such images): choose fewer files or a smaller size";
    CLASS_EXISTS = "class.exists" => "there is already a class \"{name}\": give each class its own name";
    CLASS_TOO_MANY = "class.tooMany" => "a dataset can have at most {max} classes; \"{name}\" would be class {number}";
    CLASS_NO_SUCH = "class.noSuch" => "there is no class \"{name}\"; the classes are: {names}";
    CLASS_NAME_EMPTY = "class.nameEmpty" => "a class needs a name (like \"cat\"), not an empty one";
    /// `{start}`: the name's first 20 characters.
    CLASS_NAME_LONG = "class.nameLong" => "the class name \"{start}...\" has {chars} characters; at most {max} please";
    /// `{name}` quoted, its control characters escaped (`"a\tb"`).
    CLASS_NAME_CONTROL = "class.nameControl" => "the class name {name} has a control character (a line break or tab): use letters, digits and spaces";
    CLASS_NAME_SLASH = "class.nameSlash" => "the class name \"{name}\" has a {char}, which separates folders: a class is one folder; use letters, digits, spaces or -";
    CLASS_NAME_DOT = "class.nameDot" => "the class name \"{name}\" starts with a dot, which hides a folder: start it with a letter or a digit";
    SPLIT_NO_CLASSES = "split.noClasses" => "the dataset has no classes yet: add a folder per class (at least two), or images to named classes";
    SPLIT_ONE_CLASS_ONE_IMAGE = "split.oneClassOneImage" => "there is only one class, \"{name}\" (1 image): a classifier needs at least two classes to tell apart; add a folder of another kind of image";
    SPLIT_ONE_CLASS = "split.oneClass" => "there is only one class, \"{name}\" ({count} images): a classifier needs at least two classes to tell apart; add a folder of another kind of image";
    SPLIT_EMPTY_CLASS = "split.emptyClass" => "class \"{name}\" has no images: add images to it or remove it";
    SPLIT_TEST_SHARE = "split.testShare" => "the test share must be from {min} to {max} (like 0.2 for 80/20), not {value}";
    /// Warnings before training (the split's `warnings`).
    SPLIT_FEW_ONE = "split.fewOne" => "class \"{name}\" has only 1 image (with 1 image it is trained on but never tested): with fewer than {few} a class is hard to learn and its accuracy means little; add more (50 or more is better)";
    SPLIT_FEW = "split.few" => "class \"{name}\" has only {count} images: with fewer than {few} a class is hard to learn and its accuracy means little; add more (50 or more is better)";
    SPLIT_UNBALANCED = "split.unbalanced" => "the classes are unbalanced: \"{big}\" has {bigCount} images, \"{small}\" only {smallCount} ({times} times fewer; more than {ratio} to 1): the network will lean towards \"{big}\"; add images to \"{small}\" or use fewer of \"{big}\"";

    // Files a run is kept in and taken out with (src/export).
    /// What a file picked by mistake looks like it is.
    KIND_ZIP = "kind.zip" => "a zip file (a PyTorch export is one)";
    KIND_SAVE = "kind.save" => "a saved cnn-playground run (.cnnp)";
    KIND_IMAGE = "kind.image" => "an image";
    KIND_SAFETENSORS = "kind.safetensors" => "a .safetensors weights file";
    KIND_ONNX = "kind.onnx" => "an ONNX model";
    KIND_TEXT = "kind.text" => "a text file";
    /// `{what}`: [`SAVE_IS_KIND`], [`SAVE_EMPTY`] or [`SAVE_NOT_RUN`].
    SAVE_NOT_SAVE = "save.notSave" => "{what}: a cnn-playground save file (.cnnp) starts with \"CNNP\"; choose a file made by Save";
    SAVE_IS_KIND = "save.isKind" => "this is {kind}, not a saved run";
    SAVE_EMPTY = "save.empty" => "the file is empty";
    SAVE_NOT_RUN = "save.notRun" => "this is not a saved run";
    SAVE_NO_FRAME = "save.noFrame" => "the save file is truncated: {bytes} bytes, not even its 20-byte frame; download or copy it again";
    SAVE_NEWER = "save.newer" => "the save file is format version {version}, newer than this playground reads (version {reads}): open it with a newer cnn-playground";
    SAVE_VERSION_ZERO = "save.versionZero" => "the save file says format version 0, which does not exist: the file is damaged";
    SAVE_TRUNCATED = "save.truncated" => "the save file is truncated: it has {bytes} of its {total} bytes; download or copy it again";
    SAVE_APPENDED = "save.appended" => "the save file has {extra} bytes more than the {total} it should have: it is damaged, or something was appended to it";
    SAVE_CHECKSUM = "save.checksum" => "the save file is damaged: its checksum does not match its contents; save the run again, or load another copy";
    SAVE_HEADER_PAST_END = "save.headerPastEnd" => "the save file is damaged: its header runs past the end of the file";
    SAVE_HEADER_NOT_TEXT = "save.headerNotText" => "the save file is damaged: its header is not text";
    SAVE_HEADER_NOT_JSON = "save.headerNotJson" => "the save file is damaged: its header is not JSON ({reason})";
    /// A file whose frame and checksum are right but whose header does not make a run.
    SAVE_DAMAGED = "save.damaged" => "the save file is damaged: {reason}; save the run again, or load another file";
    SAVE_TENSOR_BYTES = "save.tensorBytes" => "its tensors should fill {needed} bytes, but {found} are there";
    SAVE_WEIGHT_COUNT = "save.weightCount" => "it holds {weights} weights, but its network has {expected}";
    SAVE_EPOCH = "save.epoch" => "epoch {epoch} is too large";
    SAVE_NO_KEY = "save.noKey" => "its header has no \"{key}\"";
    SAVE_NOT_WHOLE = "save.notWhole" => "\"{key}\" is not a whole number";
    SAVE_NOT_NUMBER = "save.notNumber" => "\"{key}\" is not a number";
    SAVE_NOT_TEXT = "save.notText" => "\"{key}\" is not text";
    PLACE_SAVE_NETWORK = "place.saveNetwork" => "its network";
    PLACE_SAVE_OPTIMIZER = "place.saveOptimizer" => "its optimizer";
    /// Two messages of a list (the second maybe a list again).
    LIST_SEMICOLON = "list.semicolon" => "{first}; {rest}";
    LIST_COMMA = "list.comma" => "{first}, {rest}";
    IMPORT_IS_KIND = "import.isKind" => "this is {kind}, not a .safetensors state_dict{hint}";
    IMPORT_UNZIP = "import.unzip" => ": unzip it and choose its model.safetensors";
    IMPORT_NO_PARAMETERS = "import.noParameters" => "this network has no parameters to load: add a conv2d or dense layer";
    /// `{from}`: [`IMPORT_FROM`] when the file names the tensor otherwise, or nothing.
    IMPORT_SHAPE = "import.shape" => "tensor \"{name}\"{from}: expected shape {expected}, found {found}";
    IMPORT_NOT_FINITE = "import.notFinite" => "tensor \"{name}\"{from}: value {index} is {value}, not a finite number";
    IMPORT_FROM = "import.from" => " (the file's \"{name}\")";
    /// `{parts}`: [`IMPORT_MISSING`] and/or [`IMPORT_EXTRA`]; `{ours}`: `name [shape]`, ...
    IMPORT_MISMATCH = "import.mismatch" => "the file's tensors do not fit this network: {parts}. This network's parameters are {ours}; a PyTorch nn.Sequential with the same layers saves them under these names";
    IMPORT_MISSING = "import.missing" => "the file has no tensor {names}";
    IMPORT_MISSING_ONE = "import.missingOne" => "\"{name}\" (expected shape {shape})";
    IMPORT_EXTRA = "import.extra" => "this network has no parameter {names}";
    THE_FILE = "import.theFile" => "the file";
    /// `{what}`: the file ([`THE_FILE`]).
    TENSORS_UNREADABLE = "tensors.unreadable" => "{what} is not a readable .safetensors file ({reason})";
    TENSORS_SHORT = "tensors.short" => "{bytes} bytes, less than its 8-byte header length";
    TENSORS_HEADER_LENGTH = "tensors.headerLength" => "its header would be {length} bytes long";
    TENSORS_HEADER_NOT_TEXT = "tensors.headerNotText" => "its header is not text";
    TENSORS_HEADER_NOT_JSON = "tensors.headerNotJson" => "its header is not JSON: {reason}";
    TENSORS_HEADER_NOT_OBJECT = "tensors.headerNotObject" => "its header is not a JSON object";
    PLACE_TENSOR = "place.tensor" => "tensor \"{name}\"";
    TENSORS_NO_DTYPE = "tensors.noDtype" => "no dtype";
    TENSORS_NO_FIELD = "tensors.noField" => "no {key}";
    TENSORS_BAD_FIELD = "tensors.badField" => "bad {key}";
    TENSORS_OFFSETS_PAIR = "tensors.offsetsPair" => "data_offsets must be [begin, end]";
    TENSORS_OFFSETS = "tensors.offsets" => "its offsets {begin} to {end} do not hold a {dtype} tensor of shape {shape}";
    TENSORS_PAST_END = "tensors.pastEnd" => "its data ends at byte {end}, past the {length} bytes the file holds";
    TENSORS_DTYPE = "tensors.dtype" => "tensor \"{name}\" in {what} holds {dtype} values; weights must be floating point (F32, F16, BF16 or F64)";
    EXPORT_NOT_FINITE = "export.notFinite" => "weight {name} is NaN or infinite (the run diverged): reset the run, or load a save from before, then export";
    EXPORT_NO_PARAMETERS = "export.noParameters" => "this network has no parameters, so there is nothing for PyTorch to train: add a conv2d or dense layer";
    EXPORT_CLASS_COUNT = "export.classCount" => "the data has {classes} classes, but the network has {outputs} outputs: give the last dense layer one unit per class";
    EXPORT_CLASS_TWICE = "export.classTwice" => "two classes are named \"{name}\": give each class its own name, which is its folder's";
    EXPORT_CLASS_FOLDER = "export.classFolder" => "the class name {name} cannot be a folder's name: rename the class (letters, digits, spaces, -)";
    EXPORT_INPUT_SHAPE = "export.inputShape" => "the images are prepared as {c} x {h} x {w}, but the network reads {input}: set its input to [{c}, {h}, {w}]";
    ZIP_NAME = "zip.name" => "a file in a zip needs a name of 1 to 65535 bytes; \"{start}\" has {bytes}";
    ZIP_TOO_MANY = "zip.tooMany" => "a zip holds at most 65535 files; leave out some images";
    ZIP_TOO_LARGE = "zip.tooLarge" => "the zip would pass 4 GB ({gigabytes} GB with {path}), the most a zip holds; leave out some images";

    // The JS API's checks of its arguments (src/wasm, checked in src/args.rs).
    JS_NOT_JSON = "js.notJson" => "the {what} is not valid JSON: {reason}";
    JS_NOT_OBJECT = "js.notObject" => "the {what} must be an object (or JSON text), not {value}";
    JS_UNREADABLE = "js.unreadable" => "the {what} could not be read: {reason}";
    JS_NOT_NUMBERS = "js.notNumbers" => "{what} must be a Float32Array or an array of numbers";
    JS_LABELS = "js.labels" => "labels must be a Uint32Array of class indices";
    JS_LABEL = "js.label" => "label {index} is {value}, not a class index (a whole number from 0)";
    JS_BATCH = "js.batch" => "batch must be a whole number of examples, at least 1, not {batch}";
    JS_SHAPE = "js.shape" => "shape must be [channels, height, width], not {shape}";
    JS_SCALING = "js.scaling" => "scaling must be {mean, std} with std above 0, not {value}";
    JS_PART = "js.part" => "part must be \"train\", \"test\" or \"all\", not \"{part}\"";
    JS_FILE_BYTES = "js.fileBytes" => "{what} takes the file's bytes: a Uint8Array or an ArrayBuffer (e.g. new Uint8Array(await file.arrayBuffer()))";
    JS_SAVE_OPTIONS = "js.saveOptions" => "save options must be an object like {link: location.hash}";
    JS_SAVE_OPTION_TEXT = "js.saveOptionText" => "save options: {key} must be text";
    JS_GRAD_LENGTH = "js.gradLength" => "grad has {given} values, but the parameter has {expected}";
    JS_ZIP_FINISHED = "js.zipFinished" => "this zip is finished: start a new one";
    JS_ZIP_FINISHED_ALREADY = "js.zipFinishedAlready" => "this zip is finished already";
    JS_SURFACE_GRID = "js.surfaceGrid" => "a surface grid is 1 to 1024 cells each way, not {columns} x {rows}";
    JS_SURFACE_START = "js.surfaceStart" => "start must be [x, y], not {count} numbers";
    JS_SURFACE_PATH = "js.surfacePath" => "start must be two finite numbers and steps at most {max}";
}

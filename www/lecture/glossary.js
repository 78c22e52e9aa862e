// The lecture's glossary (#view=glossary): each term in Chinese (the lecture's own word), in
// English, and its name in PyTorch, with the view that teaches it. The two words come from the
// two text catalogs (www/i18n/zh.js and en.js, keys lecture.term.*), whatever the page's
// language, so the glossary and the views cannot use different words.
import en from '../i18n/en.js';
import zh from '../i18n/zh.js';
import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { views } from '../views/registry.js';
import { STYLES, frame, table } from './view.js';

/** [term, PyTorch, the view that teaches it], in the lecture's order. */
export const TERMS = [
  ['grayscale', 'transforms.Grayscale()', 'digits'],
  ['threshold', '(x >= 0.5).float()', 'digits'],
  ['window', 'nn.AvgPool2d((5, 3))', 'digits'],
  ['flatten', 'nn.Flatten()', 'digits'],
  ['fullyConnected', 'nn.Linear', 'digits'],
  ['neuron', 'nn.Linear(out_features=)', 'digits'],
  ['convolution', 'nn.Conv2d', 'conv-step'],
  ['kernel', 'nn.Conv2d(kernel_size=)', 'conv-step'],
  ['channel', 'nn.Conv2d(in_channels=, out_channels=)', 'conv-step'],
  ['stride', 'nn.Conv2d(stride=)', 'conv-size'],
  ['padding', 'nn.Conv2d(padding=)', 'conv-size'],
  ['weightSharing', 'nn.Conv2d(...).weight', 'conv-size'],
  ['parameter', 'model.parameters()', 'conv-size'],
  ['featureMap', 'conv(x)', 'activations'],
  ['activation', 'nn.ReLU, nn.Sigmoid, nn.Tanh, nn.LeakyReLU', 'activations'],
  ['deadRelu', 'nn.ReLU', 'activations'],
  ['pooling', 'nn.MaxPool2d, nn.AvgPool2d', 'pooling'],
  ['maxPooling', 'nn.MaxPool2d', 'pooling'],
  ['averagePooling', 'nn.AvgPool2d', 'pooling'],
  ['softmax', 'nn.Softmax(dim=1), F.softmax', 'softmax'],
  ['oneHot', 'F.one_hot', 'softmax'],
  ['crossEntropy', 'nn.CrossEntropyLoss', 'softmax'],
  ['binaryCrossEntropy', 'nn.BCEWithLogitsLoss', 'softmax'],
  ['weight', 'model[3].weight', 'backprop'],
  ['bias', 'model[3].bias', 'backprop'],
  ['backpropagation', 'loss.backward()', 'backprop'],
  ['chainRule', 'torch.autograd', 'backprop'],
  ['gradient', 'model[3].weight.grad', 'backprop'],
  ['miniBatch', 'DataLoader(batch_size=)', 'minibatch'],
  ['shuffle', 'DataLoader(shuffle=True)', 'minibatch'],
  ['labelNoise', '—', 'minibatch'],
  ['optimizer', 'torch.optim', 'optimizers'],
  ['sgd', 'torch.optim.SGD', 'optimizers'],
  ['learningRate', 'lr=', 'optimizers'],
  ['momentum', 'torch.optim.SGD(momentum=)', 'optimizers'],
  ['adagrad', 'optim.Adagrad', 'optimizers'],
  ['rmsprop', 'optim.RMSprop', 'optimizers'],
  ['decayCoefficient', 'optim.RMSprop(alpha=)', 'optimizers'],
  ['adam', 'optim.Adam(betas=(β1, β2), eps=)', 'optimizers'],
  ['biasCorrection', 'optim.Adam', 'optimizers'],
];

const BODY = `<div class="panel wide"><div class="scroll" data-id="table"></div></div>`;

export default { styles: STYLES, mount };

function mount(root) {
  const $ = frame(root, 'glossary', BODY);
  const draw = () => {
    const title = (name) => t(views.find((v) => v.name === name).title);
    $.table.replaceChildren(table([t('lecture.glossary.zh'), t('lecture.glossary.en'), 'PyTorch', t('lecture.glossary.where')],
      TERMS.map(([term, torch, view]) => [
        el('span', { lang: 'zh-CN' }, zh[`lecture.term.${term}`]),
        el('span', { lang: 'en' }, en[`lecture.term.${term}`]),
        el('code', {}, torch),
        el('a', { href: `#view=${view}` }, title(view)),
      ]), { class: 'numbers glossary', 'data-id': 'glossary' }));
  };
  draw();
  return { relabel: draw };
}

// The views of the playground, in the order the navigation shows them. Each module exports
// `mount(root, ctx)` (and may return an object with `unmount()`); see ../app.js for `ctx`.
// A view is opened by `#view=NAME`, alone in an iframe by adding `?embed=1`.
export const views = [
  { name: 'train', title: 'Train', load: () => import('./train.js') },
  { name: 'race', title: 'Optimizer race', load: () => import('./race.js') },
  { name: 'surface', title: 'Loss surfaces', load: () => import('./surface.js') },
];

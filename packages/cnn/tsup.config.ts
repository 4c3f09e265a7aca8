import { strataTsup } from '../../tooling/tsconfig/tsup.js';

export default strataTsup();

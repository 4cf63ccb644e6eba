export { problemRegisterXlsx, type RegisterRow } from './problem-register-xlsx.ts';

// Decorator metadata (Nest, class-validator) needs the Reflect API before any decorated class loads, as main.ts has.
import 'reflect-metadata';

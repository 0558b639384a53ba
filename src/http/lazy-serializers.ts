import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type BuildSerializer = ReturnType<typeof SerializerSelector>;

/**
 * lazySerializers is Fastify's own response serializer compiler (fast-json-stringify),
 * compiling each route's serializer on the first answer that uses it instead of at start:
 * compiling every response schema of every route cost about a sixth of a server's start
 * (docs/operations.md, The compiled build). The output is the same; a route never answered
 * never pays.
 */
export const lazySerializers: BuildSerializer = (externalSchemas, options) => {
  const compile = SerializerSelector()(externalSchemas, options);
  return (route) => {
    let serialize: ((data: unknown) => string) | undefined;
    return (data: unknown) => {
      serialize ??= compile(route) as (data: unknown) => string;
      return serialize(data);
    };
  };
};

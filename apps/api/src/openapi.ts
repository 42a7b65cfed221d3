import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI built from the controllers, served at /docs (UI) and /docs/json. */
export function mountOpenApi(app: INestApplication) {
  const config = new DocumentBuilder()
    .setTitle('Studio API')
    .setDescription('REST side of the chat-driven landing-page workspace. The Socket.IO contract is in docs/API.md.')
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An access token (JWT) or an API key (sk_...)' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
}
